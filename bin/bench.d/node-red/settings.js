// Node-RED settings of bin/bench --peer node-red. bin/bench copies this file, flows.json and
// flows_cred.json into a user dir of its output folder and sets the FM_PEER_* variables; the
// credentials file holds only ${FM_PEER_...} references, resolved by Node-RED at start.
module.exports = {
    uiHost: "127.0.0.1",
    uiPort: parseInt(process.env.FM_PEER_HTTP_PORT || "1880", 10),
    flowFile: "flows.json",
    credentialSecret: false,
    // No editor or admin API: the flow is fixed; the HTTP nodes serve the bench's counters only.
    httpAdminRoot: false,
    httpNodeRoot: "/",
    logging: {
        console: { level: "info", metrics: false, audit: false }
    },
    diagnostics: { enabled: false },
    telemetry: { enabled: false },
    functionExternalModules: false,
    exportGlobalContextKeys: false,
    editorTheme: { projects: { enabled: false } }
};
