package io.mirage.model.google;

import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.types.Candidate;
import com.google.genai.types.ClientOptions;
import com.google.genai.types.Content;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import io.mirage.model.Message;
import io.mirage.model.Model;
import io.mirage.model.ModelException;
import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;
import io.mirage.model.ModelSettings;
import okhttp3.OkHttpClient;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Gemini model through the official SDK (Gemini Developer API, v1beta). One client per model, SDK
 * retries off (the run owns retries), every SDK failure classified.
 */
final class GeminiModel implements Model {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    static final String API_VERSION = "v1beta";
    /** Enough for every turn of several hundred rollouts in flight. */
    private static final int REMEMBERED_TURNS = 4096;

    private final String name;
    private final String model;
    private final ModelSettings settings;
    private final boolean stream;
    private final Client client;
    private final RetryAfterCapture retryAfter = new RetryAfterCapture();
    private final TurnMemory turns = new TurnMemory(REMEMBERED_TURNS);

    GeminiModel(String name, String model, ModelSettings settings, String apiKey) {
        this.name = name;
        this.model = model;
        this.settings = settings;
        this.stream = settings.streamOr(false);
        Duration timeout = settings.timeoutOr(DEFAULT_TIMEOUT);
        HttpOptions.Builder http = HttpOptions.builder().apiVersion(API_VERSION)
                .timeout(Math.clamp(timeout.toMillis(), 1, Integer.MAX_VALUE))
                .retryOptions(HttpRetryOptions.builder().attempts(1).build());
        if (settings.baseUrl() != null) http.baseUrl(settings.baseUrl());
        // The SDK applies its call timeout on top of this client; these per-phase limits replace OkHttp's 10 s defaults.
        // OkHttp keeps only 5 idle connections by default: at high concurrency every call would open a new one.
        OkHttpClient okHttp = new OkHttpClient.Builder().addInterceptor(retryAfter)
                .connectionPool(new okhttp3.ConnectionPool(256, 5, java.util.concurrent.TimeUnit.MINUTES))
                .retryOnConnectionFailure(false) // every retry is ours, so it is recorded
                .connectTimeout(timeout).readTimeout(timeout).writeTimeout(timeout).build();
        this.client = Client.builder().apiKey(apiKey).vertexAI(false).httpOptions(http.build())
                .clientOptions(ClientOptions.builder().customHttpClient(okHttp).build()).build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("model", model);
        p.put("api_version", API_VERSION);
        if (settings.temperature() != null) p.put("temperature", String.valueOf(settings.temperature().floatValue()));
        if (settings.maxOutputTokens() != null) p.put("max_output_tokens", String.valueOf(settings.maxOutputTokens()));
        GeminiConverter.thinking(settings).ifPresent(t -> {
            p.put("include_thoughts", "true");
            t.thinkingBudget().ifPresent(b -> p.put("thinking_budget", String.valueOf(b)));
            t.thinkingLevel().ifPresent(l -> p.put("thinking_level", l.toString()));
        });
        p.put("seed", "per rollout, folded to int32");
        p.put("stream", String.valueOf(stream));
        if (settings.baseUrl() != null) p.put("base_url", settings.baseUrl());
        return p;
    }

    @Override
    public ModelResponse generate(ModelRequest request) throws ModelException {
        List<Content> contents = GeminiConverter.contents(request.system(), request.messages(), turns);
        GenerateContentConfig config = GeminiConverter.config(request, settings);
        int turn = (int) request.messages().stream().filter(m -> m instanceof Message.Assistant).count();
        retryAfter.clear();
        Answer answer;
        try {
            answer = stream ? streamed(contents, config, turn) : complete(contents, config, turn);
        } catch (RuntimeException e) {
            throw GeminiErrors.classify(e, retryAfter.take());
        }
        if (answer.content().parts().filter(parts -> !parts.isEmpty()).isPresent()) {
            turns.remember(TurnMemory.keyOfNext(request.system(), request.messages(), answer.response().toMessage()), answer.content());
        }
        return answer.response();
    }

    private record Answer(ModelResponse response, Content content) {}

    private Answer complete(List<Content> contents, GenerateContentConfig config, int turn) {
        GenerateContentResponse response = client.models.generateContent(model, contents, config);
        Content content = response.candidates().filter(c -> !c.isEmpty()).map(List::getFirst).flatMap(Candidate::content)
                .orElse(Content.builder().role("model").parts(List.of()).build());
        return new Answer(GeminiConverter.response(response, turn), content);
    }

    private Answer streamed(List<Content> contents, GenerateContentConfig config, int turn) throws ModelException {
        StreamAssembler assembler = new StreamAssembler();
        try (ResponseStream<GenerateContentResponse> chunks = client.models.generateContentStream(model, contents, config)) {
            for (GenerateContentResponse chunk : chunks) assembler.add(chunk);
        }
        if (!assembler.finished()) {
            throw new ModelException("Gemini stream ended before a finish reason (cut short)", ModelException.Kind.TRANSIENT);
        }
        return new Answer(assembler.response(turn), assembler.content());
    }
}
