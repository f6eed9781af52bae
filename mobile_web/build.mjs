// Builds the web app into static/dist/ (run by `make web`, which `make run` and `make test` call):
//   app-<hash>.js / app-<hash>.css   the app (Preact + htm, idb, workbox-window); chunk-<hash>.js: screens,
//                                    tus-js-client and the English texts, loaded when first needed
//   index.html                       the page Flask serves at / (and the service worker precaches)
//   manifest.webmanifest             the web app manifest, served at /manifest.webmanifest
//   sw.js                            the service worker (Workbox), served at /sw.js
//   <each of these>.br / .gz         the same bytes compressed, sent to browsers that accept them
// The service worker's precache list is computed here from the files' contents, so a new build
// is a new service worker and an unchanged build is byte-for-byte the same one.
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import * as esbuild from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
const src = path.join(here, "src");
const dist = path.join(here, "static", "dist");
const icons = path.join(here, "static", "icons");
const STATIC_URL = "/static";

const hash = (data) => createHash("sha256").update(data).digest("hex").slice(0, 16);
const common = {
  bundle: true,
  minify: true,
  legalComments: "none",
  target: "es2020",
  platform: "browser",
  define: { "process.env.NODE_ENV": '"production"' },
  logLevel: "warning",
};

// 0. The texts: every key in both languages, and none defined twice (a screen's texts are
// added to the app's when it loads, so a duplicate would silently change another screen).
const { messages } = await import(path.join(src, "i18n.js"));
// The app's English texts come with a chunk of their own (loaded when someone reads English).
const english = (await import(path.join(src, "i18n-en.js"))).default;
const parts = { app: { nl: messages.nl, en: { ...messages.en, ...english } } };
for (const name of (await readdir(path.join(src, "texts"))).sort()) {
  parts[name] = (await import(path.join(src, "texts", name))).default;
}
const owner = new Map();
for (const [part, texts] of Object.entries(parts)) {
  const nl = Object.keys(texts.nl);
  const en = new Set(Object.keys(texts.en));
  const onlyOne = [...nl.filter((k) => !en.has(k)), ...[...en].filter((k) => !(k in texts.nl))];
  if (onlyOne.length) throw new Error(`texts of ${part}: not in both languages: ${onlyOne.join(", ")}`);
  for (const key of nl) {
    if (owner.has(key)) throw new Error(`text "${key}" is defined in ${owner.get(key)} and in ${part}`);
    owner.set(key, part);
  }
}

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });

// 1. The app: one script and one style sheet, named after their contents.
const app = await esbuild.build({
  ...common,
  entryPoints: { app: path.join(src, "main.js"), style: path.join(src, "app.css") },
  entryNames: "[name]-[hash]",
  chunkNames: "chunk-[hash]",
  splitting: true, // screens loaded with import() become chunks (ui/lazy.js)
  format: "esm",
  outdir: dist,
  metafile: true,
});
const outputs = Object.keys(app.metafile.outputs).map((file) => path.basename(file));
const script = outputs.find((name) => name.startsWith("app-") && name.endsWith(".js"));
const style = outputs.find((name) => name.startsWith("style-") && name.endsWith(".css"));
if (!script || !style) throw new Error(`unexpected build outputs: ${outputs.join(", ")}`);

// 2. The page and the manifest.
const page = (await readFile(path.join(src, "index.html"), "utf8"))
  .replaceAll("{{script}}", `${STATIC_URL}/dist/${script}`)
  .replaceAll("{{style}}", `${STATIC_URL}/dist/${style}`)
  .replaceAll("{{static}}", STATIC_URL);
await writeFile(path.join(dist, "index.html"), page);
const manifest = await readFile(path.join(src, "manifest.webmanifest"));
JSON.parse(manifest); // fail the build on a broken manifest
await writeFile(path.join(dist, "manifest.webmanifest"), manifest);

// 3. What the service worker precaches: the app shell, so the app opens without a network.
const precache = [
  { url: "/", revision: hash(page) },
  { url: "/manifest.webmanifest", revision: hash(manifest) },
];
for (const name of outputs.sort()) {
  const data = await readFile(path.join(dist, name));
  precache.push({ url: `${STATIC_URL}/dist/${name}`, revision: hash(data) });
}
for (const name of (await readdir(icons)).sort()) {
  const data = await readFile(path.join(icons, name));
  precache.push({ url: `${STATIC_URL}/icons/${name}`, revision: hash(data) });
}

// 4. The service worker, with that list compiled in.
await esbuild.build({
  ...common,
  entryPoints: [path.join(src, "sw.js")],
  format: "iife",
  outfile: path.join(dist, "sw.js"),
  plugins: [
    {
      name: "precache-manifest",
      setup(build) {
        build.onResolve({ filter: /^precache-manifest$/ }, () => ({ path: "precache", namespace: "bagage" }));
        build.onLoad({ filter: /.*/, namespace: "bagage" }, () => ({
          contents: `export default ${JSON.stringify(precache)};`,
          loader: "js",
        }));
      },
    },
  ],
});

// 5. Each built file also compressed once, at the highest levels: mobile_web/__init__.py sends
// the one the browser accepts and never compresses these at request time. A variant that
// saves nothing is left out.
let packed = 0;
for (const name of await readdir(dist)) {
  const data = await readFile(path.join(dist, name));
  const variants = {
    br: brotliCompressSync(data, {
      params: {
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    }),
    gz: gzipSync(data, { level: 9 }),
  };
  for (const [suffix, bytes] of Object.entries(variants)) {
    if (bytes.length < data.length) {
      await writeFile(path.join(dist, `${name}.${suffix}`), bytes);
      packed += 1;
    }
  }
}

console.log(
  `mobile_web: built ${script}, ${style}, sw.js (${precache.length} files precached, ${packed} compressed copies)`,
);
