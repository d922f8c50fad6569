package io.mirage.model.openai;

import com.openai.core.RequestOptions;
import com.openai.core.Timeout;
import com.openai.core.http.Headers;
import com.openai.core.http.HttpClient;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpRequestBody;
import com.openai.core.http.HttpResponse;
import com.openai.errors.OpenAIIoException;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The SDK's HTTP transport, plugged in through its {@code ClientOptions.httpClient} extension point
 * because the stock one cannot be configured for what Mirage needs: OkHttp's silent retry of a
 * request whose connection failed is switched off (every retry must go through Mirage's own layer,
 * which records it), and the pool keeps enough idle connections for hundreds of concurrent rollouts.
 */
final class OkHttpTransport implements HttpClient {
    private final OkHttpClient client;

    OkHttpTransport(Duration timeout) {
        this.client = new OkHttpClient.Builder()
                .retryOnConnectionFailure(false)
                .connectionPool(new ConnectionPool(256, 5, TimeUnit.MINUTES))
                .connectTimeout(timeout).readTimeout(timeout).writeTimeout(timeout).callTimeout(timeout)
                .build();
    }

    @Override
    public HttpResponse execute(HttpRequest request, RequestOptions options) {
        try {
            return wrap(call(request, options).execute());
        } catch (IOException e) {
            throw new OpenAIIoException("Request failed", e); // as the SDK's own transport reports it
        }
    }

    @Override
    public CompletableFuture<HttpResponse> executeAsync(HttpRequest request, RequestOptions options) {
        return CompletableFuture.supplyAsync(() -> execute(request, options));
    }

    private Call call(HttpRequest request, RequestOptions options) throws IOException {
        HttpUrl.Builder url = HttpUrl.get(request.baseUrl()).newBuilder();
        request.pathSegments().forEach(url::addPathSegment);
        request.queryParams().keys().forEach(key -> request.queryParams().values(key).forEach(v -> url.addQueryParameter(key, v)));
        Request.Builder builder = new Request.Builder().url(url.build());
        request.headers().names().forEach(name -> request.headers().values(name).forEach(v -> builder.addHeader(name, v)));
        HttpRequestBody body = request.body();
        RequestBody okBody = null;
        if (body != null) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            body.writeTo(bytes);
            okBody = RequestBody.create(bytes.toByteArray(), body.contentType() == null ? null : MediaType.get(body.contentType()));
        }
        builder.method(request.method().name(), okBody);
        Timeout timeout = options.getTimeout();
        OkHttpClient effective = timeout == null ? client : client.newBuilder()
                .connectTimeout(timeout.connect()).readTimeout(timeout.read()).writeTimeout(timeout.write())
                .callTimeout(timeout.request()).build();
        return effective.newCall(builder.build());
    }

    private static HttpResponse wrap(Response response) {
        Headers.Builder headers = Headers.builder();
        response.headers().names().forEach(name -> headers.put(name, response.headers(name)));
        Headers built = headers.build();
        return new HttpResponse() {
            @Override
            public int statusCode() {
                return response.code();
            }

            @Override
            public Headers headers() {
                return built;
            }

            @Override
            public InputStream body() {
                return response.body() == null ? InputStream.nullInputStream() : response.body().byteStream();
            }

            @Override
            public void close() {
                response.close();
            }
        };
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
