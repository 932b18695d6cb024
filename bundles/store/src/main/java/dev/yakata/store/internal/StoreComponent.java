package dev.yakata.store.internal;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventListener;
import dev.yakata.api.event.EventTypes;
import dev.yakata.bus.api.EventBus;
import dev.yakata.journal.api.Journal;
import dev.yakata.store.api.AuditEntry;
import dev.yakata.store.api.AuditQuery;
import dev.yakata.store.api.ChainReport;
import dev.yakata.store.api.EventQuery;
import dev.yakata.store.api.EventStore;
import dev.yakata.store.api.ExportResult;
import dev.yakata.store.api.HistoryQuery;
import dev.yakata.store.api.HistorySample;
import dev.yakata.store.api.Page;
import dev.yakata.store.api.RetentionReport;
import dev.yakata.store.api.StoreStatus;
import dev.yakata.store.api.StoredEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sql.DataSource;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The event store as a DS component: registers {@link EventStore}, and an {@link EventListener} for
 * {@code point.changed} (telemetry history). The DataSource is optional and dynamic: without it the store runs,
 * holds its journal cursor and says in its status what it waits for; when one arrives it migrates and catches up.
 * Immediate: the store writes whether or not anyone queries it. A change of configuration restarts the component
 * (the writer's schema and batch size are fixed per run); the new one reads again from the cursor's commit.
 */
@Component(service = {EventStore.class, EventListener.class}, configurationPid = StoreSettings.PID, immediate = true,
        property = {EventListener.EVENT_TYPES + "=" + EventTypes.POINT_CHANGED, EventListener.QUEUE_SIZE + ":Integer=10000"})
@Designate(ocd = StoreConfig.class)
public final class StoreComponent implements EventStore, EventListener {

    private final StoreEngine engine;

    @Activate
    public StoreComponent(@Reference Journal journal, @Reference EventBus bus, StoreConfig config,
            BundleContext context) {
        StoreSettings settings = StoreSettings.from(config, context.getProperty("karaf.data"));
        ChainSettings chain = ChainSettings.from(config, context.getProperty("karaf.data"),
                context.getProperty("karaf.etc"));
        try {
            // The audit trail's hash chain, with checkpoints signed by the key created on first start.
            engine = new StoreEngine(settings, journal, bus::publish, LibraryChainer.open(chain));
        } catch (IOException e) {
            throw new UncheckedIOException("the event store cannot open its journal cursor \"" + StoreEngine.CURSOR
                    + "\": " + e.getMessage(), e);
        }
        engine.start();
    }

    @Reference(name = "dataSource", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = StoreSettings.DEFAULT_DATA_SOURCE_TARGET)
    void bindDataSource(DataSource dataSource) {
        engine.dataSource(dataSource);
    }

    void unbindDataSource(DataSource dataSource) {
        engine.dataSourceGone(dataSource); // harmless after @Deactivate, where DS may call it
    }

    @Deactivate
    void deactivate() {
        engine.close();
    }

    @Override
    public void onEvent(Event event) {
        engine.telemetry(event);
    }

    @Override
    public Page<StoredEvent> events(EventQuery query) {
        return engine.events(query);
    }

    @Override
    public Page<AuditEntry> audit(AuditQuery query) {
        return engine.audit(query);
    }

    @Override
    public Page<HistorySample> history(HistoryQuery query) {
        return engine.history(query);
    }

    @Override
    public ExportResult exportEvents(EventQuery query, String fileName) {
        return engine.exportEvents(query, fileName);
    }

    @Override
    public ExportResult exportAudit(AuditQuery query, String fileName) {
        return engine.exportAudit(query, fileName);
    }

    @Override
    public ChainReport verify(String chain) {
        return engine.verify(chain);
    }

    @Override
    public StoreStatus status() {
        return engine.status();
    }

    @Override
    public RetentionReport runRetention() {
        return engine.runRetention();
    }
}
