// Talking to /api/v1. The CSRF token is kept in memory only; the session cookie is HttpOnly.
import { has, t } from "./i18n.js";

export const API = "/api/v1";

export class ApiError extends Error {
  constructor(status, code, message = "", fields = {}) {
    super(message || code);
    this.status = status;
    this.code = code;
    this.serverMessage = message;
    this.fields = fields || {};
  }
}

export function errorFromResponse(status, body) {
  const error = body && body.error;
  if (error && error.code) return new ApiError(status, error.code, error.message, error.fields);
  if (status === 413) return new ApiError(status, "too_large");
  return new ApiError(status, status >= 500 ? "internal_error" : "unknown");
}

/** A readable, translated message; the server's own text when we have no translation. */
export function errorText(err) {
  if (!err || !err.code) return t("error_unknown");
  if (err.code === "too_many_requests" && err.retryAfter > 0) {
    const minutes = Math.max(1, Math.ceil(err.retryAfter / 60));
    return minutes === 1 ? t("error_too_many_attempts_one") : t("error_too_many_attempts", { count: minutes });
  }
  if (has(`error_${err.code}`)) return t(`error_${err.code}`);
  return err.serverMessage || err.message || t("error_unknown");
}

export const session = {
  csrf: null,
  /** Called with the error when the server says we are no longer logged in. */
  onLost: null,
  /** Fetches a fresh /me (and CSRF token); set by the app. */
  refresh: null,
};

async function send(method, path, init, retried) {
  const headers = { Accept: "application/json", ...(init.headers || {}) };
  if (method !== "GET" && session.csrf) headers["X-CSRF-Token"] = session.csrf;
  let response;
  try {
    response = await fetch(API + path, { ...init, method, headers, credentials: "same-origin" });
  } catch {
    throw new ApiError(0, "network");
  }
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (response.ok) return data;
  const err = errorFromResponse(response.status, data);
  // Throttled: the server says in seconds when it will listen again.
  err.retryAfter = Number(response.headers.get("Retry-After")) || 0;
  // Logging in again in another tab replaces this tab's session and token: fetch the new one once.
  if (err.code === "csrf_failed" && !retried && session.refresh && (await session.refresh())) {
    return send(method, path, init, true);
  }
  if (err.status === 401 && err.code !== "bad_credentials" && session.onLost) session.onLost(err);
  throw err;
}

export function api(method, path, body) {
  const init = {};
  if (body !== undefined) {
    init.headers = { "Content-Type": "application/json" };
    init.body = JSON.stringify(body);
  }
  return send(method, path, init, false);
}

/** POST multipart form data (a note, with its client_uid). */
export function postForm(path, formData) {
  return send("POST", path, { body: formData }, false);
}

/** PUT multipart form data (a file that replaces the one before, such as a logo). */
export function putForm(path, formData) {
  return send("PUT", path, { body: formData }, false);
}
