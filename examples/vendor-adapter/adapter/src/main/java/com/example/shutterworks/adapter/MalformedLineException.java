package com.example.shutterworks.adapter;

/** A line from the controller that SWP/1 does not allow; the adapter logs it and reads on. */
final class MalformedLineException extends Exception {

    private static final long serialVersionUID = 1L;

    MalformedLineException(String message) {
        super(message);
    }
}
