import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A response of {@link request}: status, JSON body and the session cookie it set, if any. */
export interface HttpResult {
  status: number;
  body: unknown;
  /** `name=value` of the first Set-Cookie, ready for a Cookie header. */
  cookie: string | undefined;
}

/** The base URL of a listening server. */
export function baseUrl(server: Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** One real HTTP request with an optional cookie, as a browser would send it. */
export async function request(base: string, method: "GET" | "POST", path: string, cookie?: string): Promise<HttpResult> {
  const response = await fetch(`${base}${path}`, { method, headers: cookie ? { cookie } : {} });
  const text = await response.text();
  const setCookie = response.headers.get("set-cookie");
  return { status: response.status, body: text ? JSON.parse(text) : null, cookie: setCookie?.split(";")[0] };
}

/** A promise and the function that resolves it: lets a test hold a request open. */
export function gate(): { opened: Promise<void>; open(): void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}
