// The baseline of the serve throughput benchmark: a bare node:http reverse proxy of the same emulator, with no
// auth, no limiter, no policy, no log: a keep-alive agent, the token header set, bodies piped both ways.
import { Agent, createServer, request } from 'node:http';

const [target, token] = process.argv.slice(2);
const upstream = new URL(target);
const agent = new Agent({ keepAlive: true, maxSockets: 256 });
const server = createServer((req, res) => {
  const out = request(
    {
      agent,
      hostname: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path: req.url,
      headers: { accept: 'application/json', authorization: `Zoho-oauthtoken ${token}` },
    },
    (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    },
  );
  out.on('error', () => res.destroy());
  req.pipe(out);
});
server.keepAliveTimeout = 5000;
server.listen(0, '127.0.0.1', () => process.send({ url: `http://127.0.0.1:${server.address().port}` }));
process.on('disconnect', () => process.exit(0));
