// node -r ./count.cjs <script>: prints the CommonJS modules the script loaded, on exit, to stderr.
process.on('exit', () => process.stderr.write('\nMODULES ' + JSON.stringify(Object.keys(require.cache)) + '\n'));
