# frozen_string_literal: true

# The runtime interface client local-aws ships for ruby3.x functions, run by the machine's `ruby`.
# It speaks the Lambda Runtime API (2018-06-01) as AWS's `aws_lambda_ric` does: loads the handler
# `file.method` or `file.Module::Class.method` from LAMBDA_TASK_ROOT, calls it with the keyword
# arguments `event:` and `context:`, posts the result as JSON, and reports errors with AWS's
# shapes: `Function<ErrorClass>` for an exception raised by the handler, `Init<ErrorClass>` for one
# raised while loading it.

require 'json'
require 'net/http'
require 'time'

module LocalAwsLambda
  API = '/2018-06-01/runtime'

  # One keep-alive connection to the Runtime API: /next is a long poll, so no read timeout.
  class RuntimeApi
    def initialize(address)
      host, port = address.split(':', 2)
      @http = Net::HTTP.new(host, port.to_i)
      @http.read_timeout = nil
      @http.keep_alive_timeout = 3600
      @http.start
    end

    def next_invocation
      request(Net::HTTP::Get.new("#{API}/invocation/next"))
    end

    def post(path, body, headers = {})
      req = Net::HTTP::Post.new("#{API}#{path}", headers.merge('Content-Type' => 'application/json'))
      req.body = body
      request(req)
    end

    private

    def request(req)
      @http.request(req)
    rescue IOError, SystemCallError, Net::HTTPBadResponse
      # The server closed an idle keep-alive connection: reconnect once.
      @http.finish if @http.started?
      @http.start
      @http.request(req)
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
    api.post('/init/error', JSON.generate(object), 'Lambda-Runtime-Function-Error-Type' => object['errorType'])
    exit!(1)
  end

  def self.run
    $stdout.sync = true
    $stderr.sync = true
    api = RuntimeApi.new(ENV.fetch('AWS_LAMBDA_RUNTIME_API'))
    handler = load_handler(api, ENV.fetch('_HANDLER', ''))
    loop do
      res = api.next_invocation
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
        api.post("/invocation/#{request_id}/response", result.to_json)
      rescue Exception => e # rubocop:disable Lint/RescueException -- AWS reports every exception the handler raises
        raise if e.is_a?(SystemExit)

        object = error_object(e, 'Function')
        log_error('Error raised from handler method', object)
        api.post("/invocation/#{request_id}/error", JSON.generate(object), 'Lambda-Runtime-Function-Error-Type' => object['errorType'])
      end
    end
  end
end

LocalAwsLambda.run
