import preact from '@preact/preset-vite'
import { defineConfig } from 'vite'

/**
 * The console, built to static files in dist/ (`npm run console:build`, run by `npm install`), served
 * by the service at /console/. Asset URLs are relative, so the page works under any path.
 */
export default defineConfig({
  base: './',
  plugins: [preact()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // One script and one stylesheet: the page loads in three requests, each a function invocation in AWS.
    cssCodeSplit: false,
    // Vite's preload helper is only for split chunks; without it no inline code reaches the page.
    modulePreload: false,
    reportCompressedSize: false,
  },
})
