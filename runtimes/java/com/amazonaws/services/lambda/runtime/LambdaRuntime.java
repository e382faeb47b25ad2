package com.amazonaws.services.lambda.runtime;

import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** The runtime's logger outside a handler (`LambdaRuntime.getLogger()`). */
public final class LambdaRuntime {
    private static volatile LambdaLogger logger = new LambdaLogger() {
        private final PrintStream out = System.out;

        @Override
        public void log(String message) {
            out.print(message);
            out.flush();
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
        }

        @Override
        public void log(String message, LogLevel level) {
            log(message);
        }
    };

    private LambdaRuntime() {}

    public static LambdaLogger getLogger() {
        return logger;
    }

    /** Called once by the runtime client to install its own logger. */
    public static void setLogger(LambdaLogger value) {
        logger = value;
    }
}
