package com.amazonaws.services.lambda.runtime.logging;

/** LoggingConfig's log formats. */
public enum LogFormat {
    JSON, TEXT;

    public static LogFormat fromString(String format) {
        try {
            return LogFormat.valueOf(format.toUpperCase());
        } catch (Exception e) {
            throw new IllegalArgumentException("Invalid log format: '" + format + "' expected one of [JSON, TEXT]");
        }
    }
}
