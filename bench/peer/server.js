// The "peer" of the benchmark: the official TypeScript MCP SDK's stateless Streamable HTTP server with one
// echo tool, written as the SDK's own example (src/examples/server/simpleStatelessStreamableHttp.ts) does it:
// a fresh McpServer and StreamableHTTPServerTransport({ sessionIdGenerator: undefined }) per POST, closed when
// the response closes. Only change: no console.log per request. Listens on 127.0.0.1:$PORT.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import * as z from 'zod/v4';

const getServer = () => {
    const server = new McpServer({ name: 'bench-peer', version: '1.0.0' });
    server.registerTool(
        'echo',
        {
            description: 'Returns the message it was given.',
            inputSchema: { message: z.string().describe('Any text.') },
            annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false }
        },
        async ({ message }) => ({ content: [{ type: 'text', text: message }] })
    );
    return server;
};

const app = createMcpExpressApp();

app.post('/mcp', async (req, res) => {
    const server = getServer();
    try {
        const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
        await server.connect(transport);
        await transport.handleRequest(req, res, req.body);
        res.on('close', () => {
            transport.close();
            server.close();
        });
    } catch (error) {
        console.error('Error handling MCP request:', error);
        if (!res.headersSent) {
            res.status(500).json({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal server error' }, id: null });
        }
    }
});

const port = Number(process.env.PORT ?? 3000);
app.listen(port, '127.0.0.1', error => {
    if (error) {
        console.error('Failed to start server:', error);
        process.exit(1);
    }
    console.log(`bench peer (TypeScript SDK) listening on http://127.0.0.1:${port}/mcp`);
});

process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
