// Bundles the client editors into single files served from the site: the YAML editor
// (CodeMirror 6) and the answer box's math editor (MathLive). Run by the BundleEditor target in
// GraderHub.Web.csproj with the output folder; the JavaScript API works whether or not npm ran
// esbuild's install script (which swaps bin/esbuild for the native binary).
"use strict";
const path = require("path");
const outdir = process.argv[2];
for (const name of ["yaml-editor", "math-editor"]) {
  require("esbuild").buildSync({
    entryPoints: [path.join(__dirname, name + ".js")],
    outfile: path.join(outdir, name + ".js"),
    bundle: true,
    minify: true,
    format: "iife",
    target: "es2020",
    logLevel: "warning",
  });
}
