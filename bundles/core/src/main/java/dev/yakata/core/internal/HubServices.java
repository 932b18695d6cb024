package dev.yakata.core.internal;

import dev.yakata.api.profile.Profile;
import dev.yakata.bus.api.EventBus;
import dev.yakata.core.api.CommandPolicy;
import dev.yakata.core.api.PolicyDecision;
import dev.yakata.core.api.ProfileRegistry;
import dev.yakata.core.api.Pseudonyms;
import dev.yakata.core.model.StandardProfiles;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The core's small services, each one DS component: the command policy, card pseudonyms, the profile declarations. */
final class HubServices {

    private HubServices() {
    }

    /** The command policy from {@code etc/yakata.policy}, as a service for every channel. */
    @Component(service = CommandPolicy.class, immediate = true, configurationPid = "dev.yakata.policy")
    @Designate(ocd = PolicyComponent.Config.class)
    public static final class PolicyComponent implements CommandPolicy {

        @ObjectClassDefinition(name = "Yakata command policy", description = "Where the command policy's rules are")
        public @interface Config {
            @AttributeDefinition(description = "The policy file; empty means yakata.policy in the Karaf etc folder")
            String file() default "";

            @AttributeDefinition(description = "How often the file is checked for changes, in milliseconds")
            long pollMillis() default 500;
        }

        private final PolicyFile policy;

        @Activate
        public PolicyComponent(@Reference EventBus bus, Config config) {
            Path file = config.file().isBlank()
                    ? Paths.get(System.getProperty("karaf.etc", "etc"), "yakata.policy") : Paths.get(config.file());
            policy = new PolicyFile(file, bus, Math.max(100, config.pollMillis()));
        }

        @Override
        public PolicyDecision decide(dev.yakata.api.command.Issuer issuer, String deviceId, String profile, String action,
                String zone) {
            return policy.decide(issuer, deviceId, profile, action, zone);
        }

        @Deactivate
        void deactivate() {
            policy.close();
        }
    }

    /** Card pseudonyms under the key in the hub's data folder, made on first start. */
    @Component(service = Pseudonyms.class, immediate = true)
    public static final class PseudonymComponent implements Pseudonyms {

        private final PseudonymKey key;

        @Activate
        public PseudonymComponent() throws IOException {
            key = PseudonymKey.loadOrCreate(Paths.get(System.getProperty("karaf.data", "data"), "yakata", "pseudonym.key"));
        }

        @Override
        public String ofCard(String cardNumber) {
            return key.ofCard(cardNumber);
        }

        @Override
        public String ofPerson(String personId) {
            return key.ofPerson(personId);
        }
    }

    /** The shipped profiles, for the shell and the console. */
    @Component(service = ProfileRegistry.class)
    public static final class ProfileComponent implements ProfileRegistry {

        @Override
        public List<Profile> profiles() {
            return StandardProfiles.all();
        }

        @Override
        public Optional<Profile> profile(String name) {
            return StandardProfiles.named(name);
        }
    }
}
