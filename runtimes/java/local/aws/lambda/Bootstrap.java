package local.aws.lambda;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runtime interface client local-aws ships for java11/java17/java21 functions, run by the
 * machine's `java`. It speaks the Lambda Runtime API like AWS's Java runtime: loads the handler
 * `package.Class::method` (or `package.Class`, which must implement RequestHandler or
 * RequestStreamHandler) from the task root's classes and `lib/*.jar` (then layers' `java/lib`),
 * instantiates it during the init phase, and calls it per invocation with the event bound to the
 * handler's input type; the error JSON is AWS's `{errorMessage, errorType, stackTrace, cause}`.
 */
public final class Bootstrap {
    private static volatile String currentRequestId;
    private static final boolean JSON_LOGS = "JSON".equalsIgnoreCase(System.getenv("AWS_LAMBDA_LOG_FORMAT"));

    private Bootstrap() {}

    /** How one invocation calls the handler. */
    private interface Invoker {
        byte[] invoke(byte[] event, InvocationContext context) throws Throwable;
    }

    /** A failure with the error JSON AWS's runtime reports for it. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Map<String, Object> error;

        Failure(Map<String, Object> error) {
            super((String) error.get("errorMessage"));
            this.error = error;
        }
    }

    public static void main(String[] args) throws Exception {
        RuntimeApi api = new RuntimeApi(System.getenv("AWS_LAMBDA_RUNTIME_API"));
        LambdaRuntime.setLogger(logger());
        warnAboutVersion();
        Invoker invoker;
        try {
            invoker = load(System.getenv("_HANDLER"));
        } catch (Failure f) {
            logError(f.error);
            api.post("/init/error", Json.write(f.error).getBytes(StandardCharsets.UTF_8), (String) f.error.get("errorType"));
            System.exit(1);
            return;
        }
        RuntimeApi.Response next = api.next();
        while (true) {
            String requestId = next.header("Lambda-Runtime-Aws-Request-Id");
            currentRequestId = requestId;
            String trace = next.header("Lambda-Runtime-Trace-Id");
            if (trace != null) System.setProperty("com.amazonaws.xray.traceHeader", trace);
            InvocationContext context = new InvocationContext(requestId, next.header("Lambda-Runtime-Invoked-Function-Arn"), parseLong(next.header("Lambda-Runtime-Deadline-Ms")),
                    trace, next.header("Lambda-Runtime-Client-Context"), next.header("Lambda-Runtime-Cognito-Identity"), LambdaRuntime.getLogger());
            byte[] result;
            try {
                result = invoker.invoke(next.body, context);
            } catch (Failure f) {
                System.out.flush();
                logError(f.error);
                next = api.postThenNext("/invocation/" + requestId + "/error", Json.write(f.error).getBytes(StandardCharsets.UTF_8), (String) f.error.get("errorType"));
                continue;
            } catch (Throwable t) {
                Throwable e = t instanceof InvocationTargetException && t.getCause() != null ? t.getCause() : t;
                Map<String, Object> error = errorJson(e);
                System.out.flush();
                System.out.print((e.getMessage() + ": " + e.getClass().getName() + "\n" + stackText(e)).replace('\n', '\r') + "\n");
                System.out.flush();
                next = api.postThenNext("/invocation/" + requestId + "/error", Json.write(error).getBytes(StandardCharsets.UTF_8), (String) error.get("errorType"));
                continue;
            } finally {
                currentRequestId = null;
            }
            System.out.flush();
            System.err.flush();
            next = api.postThenNext("/invocation/" + requestId + "/response", result, null);
        }
    }

    private static long parseLong(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A javaNN function run by an older machine Java: say so once, in the init log. */
    private static void warnAboutVersion() {
        String env = System.getenv("AWS_EXECUTION_ENV");
        if (env == null || !env.startsWith("AWS_Lambda_java")) return;
        int wanted;
        try {
            wanted = Integer.parseInt(env.substring("AWS_Lambda_java".length()).replaceAll("\\..*", ""));
        } catch (NumberFormatException e) {
            return;
        }
        int machine = Runtime.version().feature();
        if (machine < wanted) {
            System.out.println("local-aws: this java" + wanted + " function runs on the machine's Java " + machine + " (java" + wanted
                    + " is not installed here); classes compiled for Java " + wanted + " will fail to load. Compile with --release " + machine + " or install a Java " + wanted + " runtime.");
        }
    }

    // ---- the handler

    private static Invoker load(String handler) throws Failure {
        if (handler == null || handler.isEmpty()) throw new Failure(simpleError("Handler not set", "java.lang.IllegalArgumentException"));
        String className = handler;
        String methodName = null;
        int sep = handler.indexOf("::");
        if (sep >= 0) {
            className = handler.substring(0, sep);
            methodName = handler.substring(sep + 2);
        }
        ClassLoader loader = userClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        Class<?> cls;
        try {
            cls = Class.forName(className, true, loader);
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            throw new Failure(simpleError("Class not found: " + className, "java.lang.ClassNotFoundException"));
        } catch (UnsupportedClassVersionError e) {
            throw new Failure(simpleError(e.getMessage() + " (this machine runs Java " + Runtime.version().feature() + ")", "java.lang.UnsupportedClassVersionError"));
        } catch (Throwable e) {
            Throwable cause = e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
            throw new Failure(errorJson(cause));
        }
        if ((methodName == null || methodName.equals("handleRequest")) && RequestStreamHandler.class.isAssignableFrom(cls)) {
            RequestStreamHandler h = (RequestStreamHandler) instantiate(cls);
            return (event, context) -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                h.handleRequest(new ByteArrayInputStream(event), out, context);
                return out.toByteArray();
            };
        }
        if ((methodName == null || methodName.equals("handleRequest")) && RequestHandler.class.isAssignableFrom(cls)) {
            @SuppressWarnings("unchecked")
            RequestHandler<Object, Object> h = (RequestHandler<Object, Object>) instantiate(cls);
            Type input = requestHandlerInput(cls);
            return (event, context) -> serialize(h.handleRequest(deserialize(event, input), context));
        }
        if (methodName == null) {
            throw new Failure(simpleError("Class " + className + " does not implement RequestHandler or RequestStreamHandler, and the handler names no method", "java.lang.ClassCastException"));
        }
        Method best = null;
        for (Method m : cls.getMethods()) {
            if (!m.getName().equals(methodName) || m.isBridge() || !supported(m)) continue;
            if (best == null || m.getParameterCount() > best.getParameterCount()) best = m;
        }
        if (best == null) {
            throw new Failure(simpleError("No public method named " + methodName + " with appropriate method signature found on class " + className, "java.lang.NoSuchMethodException"));
        }
        Method method = best;
        Object target = Modifier.isStatic(method.getModifiers()) ? null : instantiate(cls);
        Class<?>[] params = method.getParameterTypes();
        boolean streams = params.length >= 2 && params[0] == InputStream.class && params[1] == OutputStream.class;
        Type input = params.length > 0 && params[0] != com.amazonaws.services.lambda.runtime.Context.class ? method.getGenericParameterTypes()[0] : null;
        return (event, context) -> {
            Object[] values = new Object[params.length];
            ByteArrayOutputStream out = null;
            for (int k = 0; k < params.length; k++) {
                if (params[k] == com.amazonaws.services.lambda.runtime.Context.class) values[k] = context;
                else if (streams && k == 0) values[k] = new ByteArrayInputStream(event);
                else if (streams && k == 1) values[k] = out = new ByteArrayOutputStream();
                else values[k] = deserialize(event, input);
            }
            Object result = method.invoke(target, values);
            return out != null ? out.toByteArray() : method.getReturnType() == void.class ? "null".getBytes(StandardCharsets.UTF_8) : serialize(result);
        };
    }

    private static boolean supported(Method m) {
        Class<?>[] p = m.getParameterTypes();
        Class<?> ctx = com.amazonaws.services.lambda.runtime.Context.class;
        switch (p.length) {
            case 0: return true;
            case 1: return true;
            case 2: return p[1] == ctx || (p[0] == InputStream.class && p[1] == OutputStream.class);
            case 3: return p[0] == InputStream.class && p[1] == OutputStream.class && p[2] == ctx;
            default: return false;
        }
    }

    private static Object instantiate(Class<?> cls) throws Failure {
        try {
            return cls.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new Failure(simpleError("Class " + cls.getName() + " has no public zero-argument constructor", "java.lang.NoSuchMethodException"));
        } catch (InvocationTargetException e) {
            throw new Failure(errorJson(e.getCause()));
        } catch (ReflectiveOperationException e) {
            throw new Failure(errorJson(e));
        }
    }

    /** The `I` of `RequestHandler<I, O>`, resolved through superclasses. */
    private static Type requestHandlerInput(Class<?> cls) {
        Map<TypeVariable<?>, Type> bound = new LinkedHashMap<>();
        for (Class<?> c = cls; c != null && c != Object.class; ) {
            for (Type t : c.getGenericInterfaces()) {
                if (t instanceof ParameterizedType && ((ParameterizedType) t).getRawType() == RequestHandler.class) {
                    Type input = ((ParameterizedType) t).getActualTypeArguments()[0];
                    while (input instanceof TypeVariable && bound.containsKey(input)) input = bound.get(input);
                    return input instanceof TypeVariable ? Object.class : input;
                }
            }
            Type sup = c.getGenericSuperclass();
            if (sup instanceof ParameterizedType) {
                ParameterizedType p = (ParameterizedType) sup;
                TypeVariable<?>[] vars = ((Class<?>) p.getRawType()).getTypeParameters();
                for (int k = 0; k < vars.length; k++) {
                    Type arg = p.getActualTypeArguments()[k];
                    bound.put(vars[k], arg instanceof TypeVariable && bound.containsKey(arg) ? bound.get(arg) : arg);
                }
            }
            c = c.getSuperclass();
        }
        return Object.class;
    }

    private static Object deserialize(byte[] event, Type type) throws Failure {
        if (type == InputStream.class) return new ByteArrayInputStream(event);
        if (type == byte[].class) return event;
        String text = new String(event, StandardCharsets.UTF_8);
        if (text.trim().isEmpty()) return null;
        try {
            return Json.bind(Json.parse(text), type == null ? Object.class : type);
        } catch (Json.JsonException e) {
            Map<String, Object> error = simpleError("An error occurred during JSON parsing", "java.lang.RuntimeException");
            error.put("cause", simpleError(e.getMessage(), "java.io.UncheckedIOException"));
            throw new Failure(error);
        }
    }

    private static byte[] serialize(Object result) throws Failure {
        try {
            return Json.write(result).getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            Map<String, Object> error = simpleError("An error occurred during JSON serialization of response", "java.lang.RuntimeException");
            error.put("cause", simpleError(String.valueOf(e.getMessage()), e.getClass().getName()));
            throw new Failure(error);
        }
    }

    private static ClassLoader userClassLoader() {
        List<URL> urls = new ArrayList<>();
        String root = System.getenv("LAMBDA_TASK_ROOT");
        try {
            if (root != null) {
                urls.add(new File(root).toURI().toURL());
                addJars(urls, new File(root, "lib"));
            }
            String opt = System.getenv("LOCAL_AWS_OPT_DIR");
            if (opt != null) {
                addJars(urls, new File(opt, "java/lib"));
                addJars(urls, new File(opt, "java"));
            }
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
        return new URLClassLoader(urls.toArray(new URL[0]), Bootstrap.class.getClassLoader());
    }

    private static void addJars(List<URL> urls, File dir) throws java.net.MalformedURLException {
        File[] files = dir.listFiles((d, name) -> name.endsWith(".jar"));
        if (files == null) return;
        java.util.Arrays.sort(files);
        for (File f : files) urls.add(f.toURI().toURL());
    }

    // ---- errors and logs

    static Map<String, Object> simpleError(String message, String type) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("errorMessage", message);
        error.put("errorType", type);
        error.put("stackTrace", new ArrayList<String>());
        return error;
    }

    static Map<String, Object> errorJson(Throwable e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("errorMessage", e.getMessage());
        error.put("errorType", e.getClass().getName());
        List<String> frames = new ArrayList<>();
        for (StackTraceElement f : e.getStackTrace()) if (userFrame(f)) frames.add(f.toString());
        error.put("stackTrace", frames);
        if (e.getCause() != null && e.getCause() != e) error.put("cause", errorJson(e.getCause()));
        return error;
    }

    private static boolean userFrame(StackTraceElement f) {
        String c = f.getClassName();
        return !c.startsWith("local.aws.lambda.") && !c.startsWith("jdk.internal.reflect.") && !c.startsWith("java.lang.reflect.") && !c.startsWith("sun.reflect.");
    }

    private static String stackText(Throwable e) {
        StringBuilder b = new StringBuilder(e.toString());
        for (StackTraceElement f : e.getStackTrace()) if (userFrame(f)) b.append("\n\tat ").append(f);
        for (Throwable c = e.getCause(); c != null && c != e; c = c.getCause()) {
            b.append("\nCaused by: ").append(c);
            for (StackTraceElement f : c.getStackTrace()) if (userFrame(f)) b.append("\n\tat ").append(f);
        }
        return b.toString();
    }

    private static void logError(Map<String, Object> error) {
        System.out.print((error.get("errorMessage") + ": " + error.get("errorType")) + "\n");
        System.out.flush();
    }

    /** One log event per call (a `\r` stands for a line break inside the event). */
    private static LambdaLogger logger() {
        com.amazonaws.services.lambda.runtime.logging.LogLevel minimum = minimumLevel();
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                log(message, com.amazonaws.services.lambda.runtime.logging.LogLevel.UNDEFINED);
            }

            @Override
            public void log(byte[] message) {
                log(new String(message, StandardCharsets.UTF_8));
            }

            @Override
            public void log(String message, com.amazonaws.services.lambda.runtime.logging.LogLevel level) {
                String text;
                if (JSON_LOGS) {
                    if (level != com.amazonaws.services.lambda.runtime.logging.LogLevel.UNDEFINED && level.ordinal() < minimum.ordinal()) return;
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("timestamp", java.time.Instant.ofEpochMilli(System.currentTimeMillis()).toString());
                    if (level != com.amazonaws.services.lambda.runtime.logging.LogLevel.UNDEFINED) line.put("level", level.name());
                    line.put("message", message);
                    line.put("AWSRequestId", currentRequestId);
                    text = Json.write(line);
                } else {
                    text = message.endsWith("\n") ? message.substring(0, message.length() - 1) : message;
                }
                synchronized (System.out) {
                    System.out.print(text.replace('\n', '\r') + "\n");
                    System.out.flush();
                }
            }

            @Override
            public void log(byte[] message, com.amazonaws.services.lambda.runtime.logging.LogLevel level) {
                log(new String(message, StandardCharsets.UTF_8), level);
            }
        };
    }

    private static com.amazonaws.services.lambda.runtime.logging.LogLevel minimumLevel() {
        String level = System.getenv("AWS_LAMBDA_LOG_LEVEL");
        try {
            return level == null ? com.amazonaws.services.lambda.runtime.logging.LogLevel.UNDEFINED : com.amazonaws.services.lambda.runtime.logging.LogLevel.fromString(level);
        } catch (IllegalArgumentException e) {
            return com.amazonaws.services.lambda.runtime.logging.LogLevel.UNDEFINED;
        }
    }
}
