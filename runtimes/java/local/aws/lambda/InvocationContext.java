package local.aws.lambda;

import com.amazonaws.services.lambda.runtime.Client;
import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.util.LinkedHashMap;
import java.util.Map;

/** One invocation's Context, from the Runtime API's headers and AWS's environment variables. */
final class InvocationContext implements Context {
    private static final String FUNCTION_NAME = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
    private static final String FUNCTION_VERSION = System.getenv("AWS_LAMBDA_FUNCTION_VERSION");
    private static final String LOG_GROUP = System.getenv("AWS_LAMBDA_LOG_GROUP_NAME");
    private static final String LOG_STREAM = System.getenv("AWS_LAMBDA_LOG_STREAM_NAME");
    private static final int MEMORY = parseInt(System.getenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"));

    private final String requestId;
    private final String arn;
    private final long deadlineMs;
    private final String traceId;
    private final String clientContext;
    private final String identity;
    private final LambdaLogger logger;

    InvocationContext(String requestId, String arn, long deadlineMs, String traceId, String clientContext, String identity, LambdaLogger logger) {
        this.requestId = requestId;
        this.arn = arn;
        this.deadlineMs = deadlineMs;
        this.traceId = traceId;
        this.clientContext = clientContext;
        this.identity = identity;
        this.logger = logger;
    }

    private static int parseInt(String s) {
        try {
            return s == null ? 128 : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 128;
        }
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return LOG_GROUP;
    }

    @Override
    public String getLogStreamName() {
        return LOG_STREAM;
    }

    @Override
    public String getFunctionName() {
        return FUNCTION_NAME;
    }

    @Override
    public String getFunctionVersion() {
        return FUNCTION_VERSION;
    }

    @Override
    public String getInvokedFunctionArn() {
        return arn;
    }

    @Override
    public CognitoIdentity getIdentity() {
        Map<String, Object> m = object(identity);
        String id = m == null ? "" : String.valueOf(m.getOrDefault("cognitoIdentityId", ""));
        String pool = m == null ? "" : String.valueOf(m.getOrDefault("cognitoIdentityPoolId", ""));
        return new CognitoIdentity() {
            @Override
            public String getIdentityId() {
                return id;
            }

            @Override
            public String getIdentityPoolId() {
                return pool;
            }
        };
    }

    @Override
    public ClientContext getClientContext() {
        Map<String, Object> m = object(clientContext);
        if (m == null) return null;
        Map<String, Object> client = object(m.get("client"));
        Map<String, String> custom = strings(m.get("custom"));
        Map<String, String> env = strings(m.get("env"));
        return new ClientContext() {
            @Override
            public Client getClient() {
                if (client == null) return null;
                return new Client() {
                    private String get(String k) {
                        Object v = client.get(k);
                        return v == null ? null : v.toString();
                    }

                    @Override
                    public String getInstallationId() {
                        return get("installation_id");
                    }

                    @Override
                    public String getAppTitle() {
                        return get("app_title");
                    }

                    @Override
                    public String getAppVersionName() {
                        return get("app_version_name");
                    }

                    @Override
                    public String getAppVersionCode() {
                        return get("app_version_code");
                    }

                    @Override
                    public String getAppPackageName() {
                        return get("app_package_name");
                    }
                };
            }

            @Override
            public Map<String, String> getCustom() {
                return custom;
            }

            @Override
            public Map<String, String> getEnvironment() {
                return env;
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object v) {
        try {
            Object parsed = v instanceof String ? Json.parse((String) v) : v;
            return parsed instanceof Map ? (Map<String, Object>) parsed : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Map<String, String> strings(Object v) {
        Map<String, Object> m = object(v);
        if (m == null) return null;
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : m.entrySet()) out.put(e.getKey(), e.getValue() == null ? null : e.getValue().toString());
        return out;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, deadlineMs - System.currentTimeMillis());
    }

    @Override
    public int getMemoryLimitInMB() {
        return MEMORY;
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }

    @Override
    public String getXrayTraceId() {
        return traceId;
    }
}
