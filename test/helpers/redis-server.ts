// The implementation is plain JS in test/fixtures so that the benchmark shares it without a build step.
export { freePort, type RedisServer, redisServerBinary, startRedis } from '../fixtures/redis-server.mjs';
