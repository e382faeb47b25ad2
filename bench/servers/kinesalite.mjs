// kinesalite (in memory) on a free port: the Kinesis peer (HTTP/1.1 only).
import kinesalite from "kinesalite";

const server = kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 1000 });
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`endpoint: http://127.0.0.1:${server.address().port}\n`);
});
