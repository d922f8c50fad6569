package io.mirage.run;

/** A person's answer when labelling a rollout by hand. */
public enum LabelValue { YES, NO, UNSURE }
