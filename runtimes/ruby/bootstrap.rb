# frozen_string_literal: true

# The runtime interface client local-aws ships for ruby3.x functions, run by the machine's `ruby`.
# It speaks the Lambda Runtime API (2018-06-01) as AWS's `aws_lambda_ric` does: loads the handler
# `file.method` or `file.Module::Class.method` from LAMBDA_TASK_ROOT, calls it with the keyword
# arguments `event:` and `context:`, posts the result as JSON, and reports errors with AWS's
# shapes: `Function<ErrorClass>` for an exception raised by the handler, `Init<ErrorClass>` for one
# raised while loading it.

require 'json'
require 'socket'
require 'time'

module LocalAwsLambda
  API = '/2018-06-01/runtime'

  # The Runtime API over one keep-alive connection. A result and the next /next go out in one
  # write (HTTP/1.1 pipelining), so the server reads both at once.
  class RuntimeApi
    Response = Struct.new(:status, :headers, :body) do
      def [](name)
        headers[name.downcase]
      end
    end

    def initialize(address)
      @host, port = address.split(':', 2)
      @port = port.to_i
      @socket = nil
      @buf = String.new(encoding: Encoding::BINARY)
    end

    def next_invocation
      exchange(['GET', '/invocation/next'])
    end

    def post(path, body, error_type = nil)
      exchange(['POST', path, body, error_type])
    end

    def post_then_next(path, body, error_type = nil)
      exchange(['POST', path, body, error_type], ['GET', '/invocation/next'])
    end

    private

    def exchange(*requests)
      data = requests.map { |r| request(*r) }.join
      attempt = 0
      begin
        connect if @socket.nil?
        @socket.write(data)
        (requests.size - 1).times { response }
        response
      rescue IOError, SystemCallError, ArgumentError
        close
        attempt += 1
        retry if attempt < 2
        raise
      end
    end

    def connect
      @socket = TCPSocket.new(@host, @port)
      @socket.setsockopt(Socket::IPPROTO_TCP, Socket::TCP_NODELAY, 1)
      @buf = String.new(encoding: Encoding::BINARY)
    end

    def close
      @socket&.close
    rescue IOError, SystemCallError
      nil
    ensure
      @socket = nil
    end

    def request(method, path, body = nil, error_type = nil)
      head = +"#{method} #{API}#{path} HTTP/1.1\r\nHost: #{@host}:#{@port}\r\n"
      head << "Content-Type: application/json\r\nContent-Length: #{body.bytesize}\r\n" if body
      head << "Lambda-Runtime-Function-Error-Type: #{error_type}\r\n" if error_type
      head << "\r\n"
      head.force_encoding(Encoding::BINARY) << (body ? body.b : '')
    end

    def fill
      chunk = @socket.readpartial(65_536)
      @buf << chunk
    rescue EOFError
      raise IOError, 'Runtime API connection closed'
    end

    def response
      fill until (ending = @buf.index("\r\n\r\n"))
      lines = @buf.slice!(0, ending + 4).split("\r\n")
      headers = {}
      lines[1..].each do |line|
        name, value = line.split(':', 2)
        headers[name.strip.downcase] = value.to_s.strip
      end
      length = headers['content-length'].to_i
      fill while @buf.bytesize < length
      body = @buf.slice!(0, length).force_encoding(Encoding::UTF_8)
      Response.new(lines[0].split(' ', 3)[1].to_i, headers, body)
    end
  end

  # The context object AWS's Ruby runtime passes.
  class Context
    attr_reader :aws_request_id, :invoked_function_arn, :log_group_name, :log_stream_name, :function_name,
                :memory_limit_in_mb, :function_version, :identity, :client_context, :deadline_ms

    def initialize(request_id:, invoked_function_arn:, deadline_ms:, identity:, client_context:)
      @aws_request_id = request_id
      @invoked_function_arn = invoked_function_arn
      @deadline_ms = deadline_ms
      @identity = identity
      @client_context = client_context
      @log_group_name = ENV['AWS_LAMBDA_LOG_GROUP_NAME']
      @log_stream_name = ENV['AWS_LAMBDA_LOG_STREAM_NAME']
      @function_name = ENV['AWS_LAMBDA_FUNCTION_NAME']
      @memory_limit_in_mb = ENV['AWS_LAMBDA_FUNCTION_MEMORY_SIZE']
      @function_version = ENV['AWS_LAMBDA_FUNCTION_VERSION']
    end

    def get_remaining_time_in_millis
      [@deadline_ms - (Time.now.to_f * 1000).to_i, 0].max
    end
  end

  def self.error_object(err, kind)
    {
      'errorMessage' => err.message,
      'errorType' => "#{kind}<#{err.class}>",
      'stackTrace' => (err.backtrace || []).reject { |line| line.start_with?(__FILE__) }
    }
  end

  def self.log_error(message, object)
    $stdout.puts(message)
    $stdout.puts(JSON.pretty_generate(object).gsub("\n", "\r"))
    $stdout.flush
  end

  # `file.method` or `file.Module::Class.method`.
  def self.load_handler(api, spec)
    parts = spec.split('.')
    if parts.size < 2 || parts.size > 3 || parts.any?(&:empty?)
      init_error(api, { 'errorMessage' => "Invalid handler #{parts}, must be of form FILENAME.METHOD or FILENAME.CLASS.METHOD where CLASS can be namespaced with ::",
                        'errorType' => 'Init<ArgumentError>', 'stackTrace' => [] })
    end
    file = parts[0]
    method = parts[-1]
    begin
      require File.join(ENV.fetch('LAMBDA_TASK_ROOT', Dir.pwd), file)
      receiver = parts.size == 3 ? Object.const_get(parts[1]) : Object.new
      unless receiver.respond_to?(method, true)
        raise NoMethodError, "undefined method `#{method}' for #{parts.size == 3 ? parts[1] : 'main:Object'}"
      end
    rescue Exception => e # rubocop:disable Lint/RescueException -- a SyntaxError or LoadError is not a StandardError
      init_error(api, error_object(e, 'Init'))
    end
    ->(event, context) { receiver.send(method, event: event, context: context) }
  end

  def self.init_error(api, object)
    log_error('Init error when loading handler', object)
    api.post('/init/error', JSON.generate(object), object['errorType'])
    exit!(1)
  end

  def self.run
    $stdout.sync = true
    $stderr.sync = true
    api = RuntimeApi.new(ENV.fetch('AWS_LAMBDA_RUNTIME_API'))
    handler = load_handler(api, ENV.fetch('_HANDLER', ''))
    res = api.next_invocation
    loop do
      request_id = res['Lambda-Runtime-Aws-Request-Id']
      trace = res['Lambda-Runtime-Trace-Id']
      ENV['_X_AMZN_TRACE_ID'] = trace if trace
      cc = res['Lambda-Runtime-Client-Context']
      identity = res['Lambda-Runtime-Cognito-Identity']
      context = Context.new(request_id: request_id, invoked_function_arn: res['Lambda-Runtime-Invoked-Function-Arn'],
                            deadline_ms: res['Lambda-Runtime-Deadline-Ms'].to_i,
                            identity: identity && JSON.parse(identity), client_context: cc && JSON.parse(cc))
      begin
        event = res.body.nil? || res.body.empty? ? {} : JSON.parse(res.body)
        result = handler.call(event, context)
        res = api.post_then_next("/invocation/#{request_id}/response", result.to_json)
      rescue Exception => e # rubocop:disable Lint/RescueException -- AWS reports every exception the handler raises
        raise if e.is_a?(SystemExit)

        object = error_object(e, 'Function')
        log_error('Error raised from handler method', object)
        res = api.post_then_next("/invocation/#{request_id}/error", JSON.generate(object), object['errorType'])
      end
    end
  end
end

LocalAwsLambda.run
