/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- benchmark tooling runs in Node, not inside n8n */
/**
 * n8n's built-in WhatsApp node hard-codes https://graph.facebook.com. n8n honours HTTPS_PROXY, so
 * this loopback proxy answers CONNECT graph.facebook.com:443 with a throwaway self-signed
 * certificate (trusted by the n8n process through NODE_EXTRA_CA_CERTS) and forwards each request
 * as plain HTTP to the simulator. Nothing leaves the machine.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const META_HOST = 'graph.facebook.com';

export interface GraphProxy {
	/** `http://127.0.0.1:<port>`: the value for HTTPS_PROXY. */
	proxyUrl: string;
	/** PEM file of the throwaway certificate: the value for NODE_EXTRA_CA_CERTS. */
	caFile: string;
	/** CONNECT tunnels opened (one per connection the client made). */
	tunnels: number;
	stop(): Promise<void>;
}

/** A self-signed certificate for graph.facebook.com, made with the openssl CLI. */
function makeCertificate(dir: string): { key: string; cert: string; certFile: string } {
	const keyFile = join(dir, 'key.pem');
	const certFile = join(dir, 'cert.pem');
	execFileSync('openssl', [
		'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2',
		'-subj', `/CN=${META_HOST}`, '-addext', `subjectAltName=DNS:${META_HOST}`,
		'-addext', 'basicConstraints=critical,CA:TRUE',
	], { stdio: 'ignore' });
	return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
}

export async function startGraphProxy(targetUrl: string): Promise<GraphProxy> {
	const dir = mkdtempSync(join(tmpdir(), 'wabp-graph-proxy-'));
	const { key, cert, certFile } = makeCertificate(dir);
	const target = new URL(targetUrl);
	const sockets = new Set<Socket>();

	// TLS endpoint for tunnelled connections: forwards every request to the simulator.
	const tlsServer = createHttpsServer({ key, cert }, (req, res) => {
		const upstream = httpRequest(
			{ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			},
		);
		// A dropped answer upstream (the simulator's fault injection) becomes a dropped answer here.
		upstream.on('error', () => res.destroy());
		req.pipe(upstream);
	});
	tlsServer.keepAliveTimeout = 30_000;
	await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
	const tlsPort = (tlsServer.address() as AddressInfo).port;

	const handle: GraphProxy = { proxyUrl: '', caFile: certFile, tunnels: 0, stop: async () => undefined };
	const proxy = createHttpServer((_req, res) => {
		res.writeHead(405).end('CONNECT only');
	});
	proxy.on('connect', (req, clientSocket: Socket, head: Buffer) => {
		const [host] = String(req.url ?? '').split(':');
		if (host !== META_HOST) {
			clientSocket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
			return;
		}
		handle.tunnels += 1;
		const inner = connect(tlsPort, '127.0.0.1', () => {
			clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			if (head.length > 0) inner.write(head);
			inner.pipe(clientSocket);
			clientSocket.pipe(inner);
		});
		for (const socket of [inner, clientSocket]) {
			sockets.add(socket);
			socket.on('close', () => sockets.delete(socket));
			socket.on('error', () => {
				inner.destroy();
				clientSocket.destroy();
			});
		}
	});
	await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
	handle.proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
	handle.stop = async () => {
		for (const socket of sockets) socket.destroy();
		await Promise.all([
			new Promise<void>((resolve) => proxy.close(() => resolve())),
			new Promise<void>((resolve) => tlsServer.close(() => resolve())),
		]);
		rmSync(dir, { recursive: true, force: true });
	};
	return handle;
}
