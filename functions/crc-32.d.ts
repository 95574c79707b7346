// crc-32 ships types for its CRC32 entry only; its CRC32C entry (a CommonJS module) has the same API.
declare module 'crc-32/crc32c.js' {
  const CRC32C: typeof import('crc-32')
  export default CRC32C
}
