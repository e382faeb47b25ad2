// dynalite (in memory) on a free port: the DynamoDB peer.
import dynalite from "dynalite";

const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`endpoint: http://127.0.0.1:${server.address().port}\n`);
});
