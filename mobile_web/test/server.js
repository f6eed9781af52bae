// A stand-in for /api/v1 behind `fetch`: each test says how the server answers, and every
// request is kept so a test can see what the app sent.
export function fakeServer() {
  const requests = [];
  const routes = [];
  const server = {
    requests,
    online: true,
    /** Answer `METHOD path` (a string or a RegExp on the path) with `respond(request)`. */
    on(method, path, respond) {
      routes.unshift({ method, path, respond });
      return server;
    },
    sent(method, path) {
      return requests.filter(
        (r) => r.method === method && (path instanceof RegExp ? path.test(r.path) : r.path === path),
      );
    },
  };
  globalThis.fetch = async (url, init = {}) => {
    const method = init.method || "GET";
    const path = String(url).replace(/^\/api\/v1/, "");
    const request = { method, path, headers: init.headers || {}, body: init.body };
    if (!server.online) throw new TypeError("Failed to fetch");
    requests.push(request);
    const route = routes.find(
      (r) => r.method === method && (r.path instanceof RegExp ? r.path.test(path) : r.path === path),
    );
    if (!route) return json(404, { error: { code: "not_found", message: "Not found.", fields: {} } });
    return route.respond(request);
  };
  return server;
}

export function json(status, body, headers = {}) {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
}

export const refusal = (status, code, message) => json(status, { error: { code, message, fields: {} } });

/** The /me of a signed-in person, as the server sends it. */
export function me(id = "u1", extra = {}) {
  return { id, display_name: "Sanne", locale: "nl", dossiers: [{ id: `d-${id}` }], csrf_token: `csrf-${id}`, ...extra };
}
