package dev.yakata.console.api;

/** An answer other than success: the HTTP status, a short code and a sentence saying what, where and what to do. */
final class ApiException extends Exception {

    final int status;
    final String code;
    final long retryAfterSeconds;

    ApiException(int status, String code, String message) {
        this(status, code, message, 0);
    }

    ApiException(int status, String code, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }
}
