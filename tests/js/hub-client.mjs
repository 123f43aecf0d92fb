// A hub client driven by an xunit test: the real @microsoft/signalr client against a running server.
//   node hub-client.mjs <hub url> [api key]   (the key travels as SignalR's access token)
// Reads commands from stdin, one JSON object a line:
//   {"op":"invoke","id":1,"method":"Subscribe","args":[["AAPL"]]}   -> {"event":"result","id":1,"result":...}
//                                                                      or {"event":"error","id":1,"message":...}
//   {"op":"stop"}                                                    -> stops the connection and exits
// Writes what happens to stdout, one JSON object a line, in the order the client saw it, each with "at" (ms, monotonic):
//   {"event":"connected"}, {"event":"quote","data":{...}}, {"event":"bar","data":{...}},
//   {"event":"regenerationCompleted","data":{...}}, {"event":"closed","error":...}
import * as signalR from '@microsoft/signalr';
import readline from 'node:readline';

const url = process.argv[2];
const key = process.argv[3];
if (!url) {
  console.error('usage: node hub-client.mjs <hub url>');
  process.exit(2);
}

const out = (event) => process.stdout.write(JSON.stringify({ ...event, at: performance.now() }) + '\n');

const connection = new signalR.HubConnectionBuilder()
  .withUrl(url, {
    transport: signalR.HttpTransportType.WebSockets,
    skipNegotiation: true,
    ...(key ? { accessTokenFactory: () => key } : {}),
  })
  .configureLogging(signalR.LogLevel.Error)
  .build();
connection.serverTimeoutInMilliseconds = 120_000; // a loaded test machine must not make the client give up

for (const name of ['quote', 'bar', 'regenerationCompleted']) {
  connection.on(name, (data) => {
    out({ event: name, data }); // returns nothing: these are not client results
  });
}
connection.onclose((error) => {
  out({ event: 'closed', error: error ? String(error.message ?? error) : null });
  process.exit(0);
});

try {
  await connection.start();
} catch (error) {
  out({ event: 'failed', message: String(error.message ?? error) });
  process.exit(1);
}
out({ event: 'connected' });

const lines = readline.createInterface({ input: process.stdin });
lines.on('line', async (line) => {
  const command = JSON.parse(line);
  if (command.op === 'stop') {
    await connection.stop();
    return;
  }
  try {
    const result = await connection.invoke(command.method, ...command.args);
    out({ event: 'result', id: command.id, result });
  } catch (error) {
    out({ event: 'error', id: command.id, message: String(error.message ?? error) });
  }
});
