type FilePart = { name: string; fileName: string; body: Buffer | string };

/** A multipart/form-data body built by hand: text fields first, then the file (or files). */
export function multipart(fields: Record<string, string>, files: FilePart | FilePart[]) {
  const boundary = '----linli-test-boundary-7f3a';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const file of Array.isArray(files) ? files : [files]) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
    parts.push(Buffer.isBuffer(file.body) ? file.body : Buffer.from(file.body, 'utf8'), Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
