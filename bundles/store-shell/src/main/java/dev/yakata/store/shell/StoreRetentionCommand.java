package dev.yakata.store.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.yakata.store.api.EventStore;

@Command(scope = "yakata", name = "store-retention", description = "Applies the store's retention now (the daily job does the same) and prints what it removed per class.")
@Service
public class StoreRetentionCommand implements Action {

    @Reference
    EventStore store;

    @Override
    public Object execute() {
        System.out.println(StoreStatusCommand.retention(store.runRetention()));
        return null;
    }
}
