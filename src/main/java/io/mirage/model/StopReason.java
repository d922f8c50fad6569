package io.mirage.model;

/** Why a model turn ended: a closed set every adapter maps its provider's reasons onto. */
public enum StopReason { END_TURN, TOOL_USE, MAX_TOKENS, CONTENT_FILTER, OTHER }
