package dev.yakata.opcua.common;

import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.stack.core.Stack;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * Releases Milo's shared Netty event loop and scheduler when the bundle stops. Milo keeps them in statics of the
 * embedded classes; without this a hot undeploy would leave their threads running in a dead class loader.
 */
public final class MiloResources implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        // Milo creates its shared resources lazily, on first use.
    }

    @Override
    public void stop(BundleContext context) {
        Stack.releaseSharedResources(5, TimeUnit.SECONDS);
    }
}
