package dev.yakata.postures.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/dev.yakata.postures.cfg} (optional): where the postures are, and the limits of a preview and a run. */
@ObjectClassDefinition(name = "Yakata postures",
        description = "Named actions across many devices from etc/postures/postures.cfg, previewed, confirmed and run step by "
                + "step through the command policy (device 'postures').")
@interface PosturesOptions {

    @AttributeDefinition(description = "The postures file.")
    String file() default PosturesSettings.DEFAULT_FILE;

    @AttributeDefinition(description = "How often the file (and the registry's devices) are checked for a change, in "
            + "milliseconds (100..10000).")
    long pollMillis() default PosturesSettings.DEFAULT_POLL_MILLIS;

    @AttributeDefinition(description = "How long a preview's token may confirm a run, in seconds (10..3600).")
    int tokenSeconds() default PosturesSettings.DEFAULT_TOKEN_SECONDS;

    @AttributeDefinition(description = "How long one device's command of a run may take before the run counts it as "
            + "timed out and goes on, in seconds (1..600); the core's own command limit (30 s) usually comes first.")
    int commandWaitSeconds() default PosturesSettings.DEFAULT_COMMAND_WAIT_SECONDS;
}
