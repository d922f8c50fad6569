package io.mirage.localserver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mirage.model.Model;
import io.mirage.model.ModelException;
import io.mirage.model.ModelResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process HTTP server on 127.0.0.1 that speaks a provider's wire protocol and answers with a
 * backing model (a scripted double), after an optional latency and with injected faults. It lets
 * whole runs go through the real SDKs with no network.
 */
public final class LocalServer implements AutoCloseable {

    /** What the server received, for tests that check headers and bodies (e.g. that a key went only where it belongs). */
    public record Received(String method, String path, Map<String, List<String>> headers, String body) {}

    static {
        // The JDK server closes idle keep-alive connections beyond 200, which a client's pool would then find dead.
        if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
            System.setProperty("sun.net.httpserver.maxIdleConnections", "2000");
        }
    }

    private final HttpServer server;
    private final WireProtocol protocol;
    private final Model backing;
    private final FaultPlan faults;
    private final Duration latency;
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private final Map<Fault, AtomicInteger> injected = new ConcurrentHashMap<>();
    private final AtomicInteger answered = new AtomicInteger();
    private volatile boolean recordBodies = true;

    private LocalServer(WireProtocol protocol, Model backing, FaultPlan faults, Duration latency) throws IOException {
        this.protocol = protocol;
        this.backing = backing;
        this.faults = faults;
        this.latency = latency;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public static LocalServer start(WireProtocol protocol, Model backing, FaultPlan faults, Duration latency) {
        try {
            return new LocalServer(protocol, backing, faults, latency);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a local server on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    /** {@code http://127.0.0.1:PORT}, with no path. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Stop keeping request bodies (benchmarks send many). */
    public void recordBodies(boolean record) {
        recordBodies = record;
    }

    public int injected(Fault fault) {
        AtomicInteger n = injected.get(fault);
        return n == null ? 0 : n.get();
    }

    public int injectedTotal() {
        return injected.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public int answered() {
        return answered.get();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            answer(exchange);
        } catch (IOException | RuntimeException e) {
            // the client went away or a fault cut the exchange short; nothing to answer
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getPath();
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                Map.copyOf(exchange.getRequestHeaders()), recordBodies ? new String(body, StandardCharsets.UTF_8) : ""));
        if (!protocol.handles(exchange.getRequestMethod(), path)) {
            send(exchange, 404, protocol.errorBody(404, "not_found", "no such endpoint: " + path));
            return;
        }
        if (!protocol.authorized(exchange.getRequestHeaders(), exchange.getRequestURI().getRawQuery())) {
            send(exchange, 401, protocol.errorBody(401, "auth", "missing API key"));
            return;
        }
        Optional<Fault> fault = faults.next();
        fault.ifPresent(f -> injected.computeIfAbsent(f, k -> new AtomicInteger()).incrementAndGet());
        if (fault.isPresent() && answerWithFault(exchange, fault.get())) return;
        sleep(latency);
        WireProtocol.Parsed parsed;
        try {
            parsed = protocol.parse(path, body);
        } catch (WireProtocol.BadRequest e) {
            send(exchange, 400, protocol.errorBody(400, "invalid_request", e.getMessage()));
            return;
        }
        ModelResponse response;
        try {
            response = backing.generate(parsed.request());
        } catch (ModelException | RuntimeException e) {
            send(exchange, 400, protocol.errorBody(400, "invalid_request", "backing model failed: " + e.getMessage()));
            return;
        }
        boolean truncate = fault.orElse(null) == Fault.TRUNCATED;
        if (parsed.stream()) {
            stream(exchange, protocol.renderStream(parsed, response), truncate);
        } else {
            String json = protocol.render(parsed, response);
            if (truncate) {
                sendTruncated(exchange, json);
            } else {
                send(exchange, 200, json);
            }
        }
        answered.incrementAndGet();
    }

    /** Answers with the fault; returns false for faults that only change a correct answer (slow, truncated). */
    private boolean answerWithFault(HttpExchange exchange, Fault fault) throws IOException {
        switch (fault) {
            case RATE_LIMIT -> {
                exchange.getResponseHeaders().add("retry-after", "1");
                send(exchange, 429, protocol.errorBody(429, "rate_limit", "rate limit exceeded, try again in 1s"));
            }
            case SERVER_ERROR -> send(exchange, 500, protocol.errorBody(500, "server", "internal server error"));
            case OVERLOADED -> send(exchange, protocol.overloadedStatus(), protocol.errorBody(protocol.overloadedStatus(), "overloaded", "overloaded"));
            case UNAUTHORIZED -> send(exchange, protocol.rejectedKeyStatus(), protocol.rejectedKeyBody());
            case MALFORMED_JSON -> send(exchange, 200, "{\"id\": \"broken\", \"content\": [ {\"type\": ");
            case TIMEOUT -> sleep(faults.timeoutDelay());
            case RESET -> { /* close without a response */ }
            case SLOW -> {
                sleep(faults.slowDelay());
                return false;
            }
            case TRUNCATED -> {
                return false;
            }
        }
        return true;
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("content-type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * Sends half the body and ends the response: the client gets a body that stops mid-JSON. (The JDK
     * server cannot drop a connection half-way, so the cut is an early end of a chunked body.)
     */
    private static void sendTruncated(HttpExchange exchange, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("content-type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes, 0, bytes.length / 2);
        }
    }

    private static void stream(HttpExchange exchange, List<String> events, boolean truncate) throws IOException {
        exchange.getResponseHeaders().set("content-type", "text/event-stream");
        exchange.getResponseHeaders().set("cache-control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            int count = truncate ? Math.max(1, events.size() / 2) : events.size();
            for (int i = 0; i < count; i++) {
                out.write(events.get(i).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
    }

    private static void sleep(Duration d) {
        if (d.isZero() || d.isNegative()) return;
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
