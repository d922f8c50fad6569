package io.mirage.web;

/** A rendered page body with its title; {@link Layout} wraps it in the document. */
record Page(String title, String body) {}
