package io.mirage.model.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientImpl;
import com.openai.core.ClientOptions;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.mirage.model.Model;
import io.mirage.model.ModelException;
import io.mirage.model.ModelRequest;
import io.mirage.model.ModelResponse;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A model behind a Chat Completions endpoint (OpenAI or a compatible server), through the official SDK. */
final class OpenAiChatModel implements Model {
    private final String name;
    private final String baseUrl;
    private final ChatOptions options;
    private final OpenAIClient client;

    OpenAiChatModel(String name, String baseUrl, String apiKey, Duration timeout, ChatOptions options) {
        this.name = name;
        this.baseUrl = baseUrl;
        this.options = options;
        // retries belong to Mirage's own layer, which records them; the SDK would retry 429s and 5xxs twice
        this.client = new OpenAIClientImpl(ClientOptions.builder()
                .httpClient(new OkHttpTransport(timeout))
                .baseUrl(baseUrl)
                .apiKey(apiKey)
                .timeout(timeout)
                .maxRetries(0)
                .build());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ModelResponse generate(ModelRequest request) throws ModelException {
        ChatCompletionCreateParams params = OpenAiConverter.toParams(request, options);
        try {
            if (!options.stream()) return OpenAiConverter.fromCompletion(client.chat().completions().create(params));
            try (StreamResponse<ChatCompletionChunk> chunks = client.chat().completions().createStreaming(params)) {
                return OpenAiConverter.fromChunks(chunks.stream().iterator());
            }
        } catch (OpenAIException e) {
            throw OpenAiErrors.classify(e);
        }
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> out = new LinkedHashMap<>(options.describe());
        out.put("base_url", baseUrl);
        return Collections.unmodifiableMap(out);
    }

    @Override
    public String toString() {
        return name;
    }
}
