package com.amazonaws.services.lambda.runtime;

/** Present in aws-lambda-java-core; kept so code referring to it links. */
public final class LambdaRuntimeInternal {
    private LambdaRuntimeInternal() {}

    public static void setUseLog4jAppender(boolean useLog4j) {}

    public static boolean getUseLog4jAppender() {
        return false;
    }
}
