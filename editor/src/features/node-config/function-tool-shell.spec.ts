import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { curlCommand, exampleInvocation } from './function-tool';

// Runs the copied command in a real shell (Node-side: type-checked with tsconfig.node.json).
describe('the example curl command', () => {
  it('is a command a shell runs as written: curl gets the URL, the headers and the JSON body', () => {
    // A stand-in curl that prints its arguments, NUL-separated; the shell does the quoting.
    const command = curlCommand('https://flows.example.com/api/functions/send_otp/invoke', exampleInvocation({ type: 'object', properties: { note: { type: 'string', examples: ["it's \"quoted\" $HOME"] } } }));
    const printed = execFileSync('sh', ['-c', `curl() { for a in "$@"; do printf '%s\\0' "$a"; done; }\nSWITCHBOARD_API_KEY=key-123\n${command}`]).toString().split('\0').slice(0, -1);
    expect(printed.slice(0, 7)).toEqual(['-sS', '-X', 'POST', 'https://flows.example.com/api/functions/send_otp/invoke', '-H', 'Authorization: Bearer key-123', '-H']);
    expect(printed[7]).toBe('Content-Type: application/json');
    expect(printed[8]).toBe('-d');
    expect(JSON.parse(printed[9]!).arguments).toEqual({ note: "it's \"quoted\" $HOME" });
  });
});
