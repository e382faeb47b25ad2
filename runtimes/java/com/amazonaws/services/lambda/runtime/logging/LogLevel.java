package com.amazonaws.services.lambda.runtime.logging;

/** Log levels of LambdaLogger's level-aware calls. */
public enum LogLevel {
    UNDEFINED, TRACE, DEBUG, INFO, WARN, ERROR, FATAL;

    public static LogLevel fromString(String level) {
        try {
            return LogLevel.valueOf(level.toUpperCase());
        } catch (Exception e) {
            throw new IllegalArgumentException("Invalid log level: '" + level + "' expected one of [TRACE, DEBUG, INFO, WARN, ERROR, FATAL]");
        }
    }
}
