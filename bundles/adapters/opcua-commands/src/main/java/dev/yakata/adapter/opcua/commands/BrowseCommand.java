package dev.yakata.adapter.opcua.commands;

import dev.yakata.adapter.opcua.tools.OpcUaClientTools;
import dev.yakata.adapter.opcua.tools.OpcUaClientTools.BrowseEntry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code yakata:opcua-browse ENDPOINT [NODE]}: lists a server's nodes, for writing device files. */
@Service
@Command(scope = "yakata", name = "opcua-browse",
        description = "Lists the nodes under a node of an OPC UA server (default: Objects), with node ids, data types "
                + "and values, for writing point.<id>.address lines")
public class BrowseCommand implements Action {

    @Reference
    OpcUaClientTools tools;

    @Argument(index = 0, name = "endpoint", required = true, description = "opc.tcp://host:port/path")
    String endpoint;

    @Argument(index = 1, name = "node", description = "node id to list, quoted because the shell splits commands at ';': 'ns=2;s=Shutters' "
            + "(default the Objects folder)")
    String node;

    @Option(name = "--security-policy", description = "None (default) or Basic256Sha256")
    String securityPolicy;

    @Option(name = "--security-mode", description = "None, Sign or SignAndEncrypt")
    String securityMode;

    @Option(name = "--user", description = "user name; anonymous when absent")
    String user;

    @Option(name = "--password", description = "password for --user")
    String password;

    @Override
    public Object execute() {
        Map<String, String> settings = new HashMap<>();
        settings.put("opcua.endpoint", endpoint);
        put(settings, "opcua.securityPolicy", securityPolicy);
        put(settings, "opcua.securityMode", securityMode);
        put(settings, "opcua.username", user);
        put(settings, "opcua.password", password);
        List<BrowseEntry> entries = tools.browse(settings, node);
        System.out.printf("%-40s %-14s %-10s %-30s %s%n", "NODE ID", "CLASS", "TYPE", "BROWSE NAME", "VALUE");
        for (BrowseEntry e : entries) {
            System.out.printf("%-40s %-14s %-10s %-30s %s%n", e.nodeId(), e.nodeClass(), e.dataType(), e.browseName(),
                    e.value());
        }
        if (entries.isEmpty()) {
            System.out.println("(no nodes below " + (node == null ? "Objects" : node) + ")");
        }
        return null;
    }

    private static void put(Map<String, String> settings, String key, String value) {
        if (value != null && !value.isBlank()) {
            settings.put(key, value);
        }
    }
}
