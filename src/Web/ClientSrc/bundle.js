// Bundles the YAML editor (CodeMirror 6) into one file served from the site. Run by the
// BundleEditor target in GraderHub.Web.csproj; the JavaScript API works whether or not npm ran
// esbuild's install script (which swaps bin/esbuild for the native binary).
"use strict";
require("esbuild").buildSync({
  entryPoints: [__dirname + "/yaml-editor.js"],
  outfile: process.argv[2],
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  logLevel: "warning",
});
