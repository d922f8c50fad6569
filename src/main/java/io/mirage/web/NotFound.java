package io.mirage.web;

/** A run or rollout the store does not have: answered with 404 and this message. */
final class NotFound extends RuntimeException {
    NotFound(String message) {
        super(message);
    }
}
