package dev.yakata.opcua.common;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;

/** Turns OPC UA status codes and connection failures into sentences an operator can act on. */
public final class Problems {

    private Problems() {
    }

    /** {@code Bad_NodeIdUnknown (The node id refers to a node that does not exist in the server address space.)} */
    public static String describe(StatusCode status) {
        String[] nameAndText = StatusCodes.lookup(status.getValue()).orElse(null);
        if (nameAndText == null) {
            return String.format("status 0x%08X", status.getValue());
        }
        return nameAndText[0] + " (" + nameAndText[1].replaceAll("\\.$", "") + ")";
    }

    /** The status code's symbolic name alone, e.g. {@code Bad_UserAccessDenied}. */
    public static String name(StatusCode status) {
        return StatusCodes.lookup(status.getValue()).map(n -> n[0]).orElse(String.format("0x%08X", status.getValue()));
    }

    /** A one-line description of why an OPC UA call failed, with a hint where one is known. */
    public static String describe(Throwable failure) {
        Throwable t = unwrap(failure);
        UaException ua = findUaException(t);
        if (ua != null) {
            StatusCode status = ua.getStatusCode();
            String hint = hint(status.getValue());
            String message = ua.getMessage();
            String text = describe(status);
            if (message != null && !message.isBlank() && !text.contains(message)
                    && !message.startsWith("status=")) {
                text += ": " + message;
            }
            return hint.isEmpty() ? text : text + "; " + hint;
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException) {
                return "connection refused (" + c.getMessage() + "); is the server running and the endpoint URL right?";
            }
            if (c instanceof UnknownHostException || c instanceof UnresolvedAddressException) {
                return "unknown host " + (c.getMessage() == null ? "" : c.getMessage()) + "; check the endpoint URL";
            }
            if (c instanceof NoRouteToHostException) {
                return "no route to host (" + c.getMessage() + ")";
            }
            if (c instanceof TimeoutException) {
                return "no answer in time" + (c.getMessage() == null ? "" : " (" + c.getMessage() + ")");
            }
        }
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /**
     * Whether a failure is the server refusing the session's user identity (wrong user name or password, a token
     * type it does not accept): retrying soon with the same credentials only counts towards an account lock-out.
     */
    public static boolean isAuthenticationFailure(Throwable failure) {
        UaException ua = findUaException(unwrap(failure));
        return ua != null && isAuthenticationFailure(ua.getStatusCode().getValue());
    }

    private static boolean isAuthenticationFailure(long code) {
        return code == StatusCodes.Bad_UserAccessDenied || code == StatusCodes.Bad_IdentityTokenRejected
                || code == StatusCodes.Bad_IdentityTokenInvalid || code == StatusCodes.Bad_UserSignatureInvalid;
    }

    private static String hint(long code) {
        if (isAuthenticationFailure(code)) {
            return "check opcua.username and opcua.password";
        }
        if (code == StatusCodes.Bad_SecurityChecksFailed || code == StatusCodes.Bad_CertificateUntrusted) {
            return "the server's certificate is not trusted yet: list it with yakata:opcua-cert-list and trust it "
                    + "with yakata:opcua-cert-trust";
        }
        if (code == StatusCodes.Bad_CertificateUriInvalid || code == StatusCodes.Bad_CertificateHostNameInvalid) {
            return "the server's certificate does not match its endpoint";
        }
        if (code == StatusCodes.Bad_ConnectionRejected || code == StatusCodes.Bad_ConnectionClosed) {
            return "is the server running and the endpoint URL right?";
        }
        return "";
    }

    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof ExecutionException || current instanceof CompletionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static UaException findUaException(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UaException ua) {
                return ua;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }
}
