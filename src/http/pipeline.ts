import type { Handler, Layer } from './types.js';

/** The stages, by name, so the order is stated once and cannot drift. */
interface PipelineStages {
  auth: Layer;
  rateLimit: Layer;
  retry: Layer;
  transport: Handler;
}

/**
 * auth → rate limit → retry → transport. Auth is outermost so a replay after a 401 is a new request to the
 * limiter; the limiter sits above retry so a concurrency slot is held across retries (each retry still takes
 * a window slot through the gate); retry sits right above the transport so it sees raw failures.
 */
export function composePipeline(stages: PipelineStages): Handler {
  return stages.auth(stages.rateLimit(stages.retry(stages.transport)));
}
