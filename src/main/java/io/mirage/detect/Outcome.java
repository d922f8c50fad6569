package io.mirage.detect;

/** A verdict's answer. Indeterminate is never counted as "no". */
public enum Outcome { YES, NO, INDETERMINATE }
