import { chmod } from "node:fs/promises";
import type { RedisProcess, RedisProcessSpec } from "./redis-process.js";

/** Image used when no local redis-server exists; override with REDIS_TEST_IMAGE. */
const DEFAULT_IMAGE = "redis:7.2";

/**
 * Fallback for machines without a redis-server binary but with a Docker engine: runs the same
 * command line in a container on the host network (so ports, cluster bus ports and Sentinel
 * addresses are identical to the local case) with the working directory bind-mounted at the same
 * path. testcontainers is imported lazily: it costs ~300 ms and is not needed when a binary exists.
 */
export async function startContainerProcess(spec: RedisProcessSpec, timeoutMs: number): Promise<RedisProcess> {
  const { GenericContainer, Wait, getContainerRuntimeClient } = await import("testcontainers");
  // Fails in milliseconds when there is no runtime; only then is the directory touched.
  await getContainerRuntimeClient();
  // The image runs redis as uid 999; our temp dirs are 0700 and owned by the test user.
  await chmod(spec.dir, 0o777);
  const command = ["redis-server", ...(spec.configFile ? [spec.configFile] : []), ...spec.args];
  const container = await new GenericContainer(process.env.REDIS_TEST_IMAGE ?? DEFAULT_IMAGE)
    .withNetworkMode("host")
    .withBindMounts([{ source: spec.dir, target: spec.dir, mode: "rw" }])
    .withWorkingDir(spec.dir)
    .withCommand(command)
    .withWaitStrategy(Wait.forLogMessage(/Ready to accept connections|Sentinel ID is/))
    .withStartupTimeout(timeoutMs)
    .start();
  let resolveExited: () => void = () => {};
  const exited = new Promise<void>((resolve) => {
    resolveExited = resolve;
  });
  let stopped = false;
  const halt = async (timeoutSeconds: number) => {
    if (!stopped) {
      stopped = true;
      await container.stop({ timeout: timeoutSeconds, remove: true });
      resolveExited();
    }
    await exited;
  };
  return {
    pid: undefined,
    exited,
    output: () => `(container logs: docker logs ${container.getId()})`,
    stop: () => halt(10),
    kill: () => halt(0),
  };
}
