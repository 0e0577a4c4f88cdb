import http from 'node:http';
import https from 'node:https';
import { AddressInfo } from 'node:net';
import { Duplex } from 'node:stream';
import { AdminHandler, isAdminPath, serveAdmin } from './adminEndpoints';
import { discoveryAnswer, parseRoute } from './apiRoutes';
import { authenticate } from './authentication';
import { ApiFaults, FaultInjector } from './faultInjection';
import { OpenApiDocuments } from './openapi';
import { ResourceService } from './ResourceService';
import { serveResource } from './resourceRequests';
import { errors, StatusError } from './statusError';
import { WatchStreams } from './watchStreams';

export interface ApiServerOptions {
  service: ResourceService;
  tokens: string[];
  faults: ApiFaults;
  /** How often a watch that asked for bookmarks gets one. */
  bookmarkIntervalMs: number;
  /** Upper bound of a watch's life when the client sets no timeoutSeconds. */
  watchTimeoutSeconds: number;
  openapi: OpenApiDocuments;
  /** Handles `/simulator/...` admin requests; returns the JSON answer. */
  admin: AdminHandler;
}

/**
 * The Kubernetes REST API of the simulated hub. Errors are Kubernetes `Status` objects;
 * watches stream newline-delimited events as the real API server does.
 */
export class ApiServer {
  private readonly watches: WatchStreams;
  private readonly faults: FaultInjector;
  private readonly sockets = new Set<Duplex>();
  private closing = false;
  private service: ResourceService;
  readonly server: http.Server | https.Server;

  constructor(
    private readonly options: ApiServerOptions & {
      tls?: { certPem: string; keyPem: string };
    },
  ) {
    this.service = options.service;
    this.watches = new WatchStreams(options);
    this.faults = new FaultInjector(options.faults);
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
      this.handle(req, res).catch(error => this.fail(res, error));
    };
    this.server = options.tls
      ? https.createServer(
          { cert: options.tls.certPem, key: options.tls.keyPem },
          handler,
        )
      : http.createServer(handler);
    this.server.on(
      options.tls ? 'secureConnection' : 'connection',
      (socket: Duplex) => {
        if (this.closing) {
          socket.destroy();
          return;
        }
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
      },
    );
  }

  /** Stops listening and ends every connection, including ones that arrive meanwhile. */
  close(): Promise<void> {
    this.closing = true;
    const closed = new Promise<void>(resolve =>
      this.server.close(() => resolve()),
    );
    for (const socket of this.sockets) socket.destroy();
    return closed;
  }

  async listen(port: number, host: string): Promise<void> {
    this.closing = false;
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  /**
   * As the API server's process restarting: connections are cut and refused for `downMs`,
   * then it listens on the same address again. `whileDown` runs while nothing is served.
   */
  async restart(downMs: number, whileDown: () => void): Promise<void> {
    if (this.closing) throw new Error('the API server is not serving');
    const { port, address } = this.server.address() as AddressInfo;
    await this.close();
    whileDown();
    await new Promise(resolve => setTimeout(resolve, downMs));
    await this.listen(port, address);
  }

  /** Serves another store from now on (a hub restarted with other contents). */
  serve(service: ResourceService) {
    this.service = service;
  }

  /** Ends every open watch, as a network blip or an API server restart would. */
  dropWatches(): number {
    return this.watches.dropAll();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (['/healthz', '/readyz', '/livez'].includes(path)) {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    authenticate(req, this.options.tokens);
    if (isAdminPath(path)) {
      await serveAdmin(req, res, path, this.options.admin, this.json);
      return;
    }
    const method = req.method ?? 'GET';
    this.faults.beforeServing(method, res);
    const fixed = discoveryAnswer(path, this.options.openapi);
    if (fixed !== undefined) {
      if (fixed === null)
        throw new StatusError(
          404,
          'NotFound',
          'the server could not find the requested resource',
        );
      this.json(res, 200, fixed);
      return;
    }
    const route = parseRoute(path);
    if (!route)
      throw new StatusError(
        404,
        'NotFound',
        'the server could not find the requested resource',
      );
    await serveResource(
      { service: this.service, watches: this.watches, json: this.json },
      req,
      res,
      method,
      url.searchParams,
      route,
    );
  }

  /** Answers with JSON, unless the lost-answer fault drops the answer. */
  private readonly json = (
    res: http.ServerResponse,
    status: number,
    body: unknown,
  ) => {
    if (this.faults.losesAnswer(res)) {
      res.destroy();
      return;
    }
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  };

  private fail(res: http.ServerResponse, error: unknown) {
    const status =
      error instanceof StatusError
        ? error
        : errors.internal((error as Error)?.message ?? String(error));
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const headers: Record<string, string> = {};
    if (status.details?.retryAfterSeconds)
      headers['retry-after'] = String(status.details.retryAfterSeconds);
    res.writeHead(status.code, {
      'content-type': 'application/json',
      ...headers,
    });
    res.end(JSON.stringify(status.toStatus()));
  }
}
