import { describe, expect, it } from "vitest";
import { thingAsked } from "../../src/engine/not-stated.js";

describe("thingAsked", () => {
  it.each([
    ["what valuation did claimstead get in the series a?", "valuation"],
    ["what's the yearly cap on what ruskell pays sablewick?", "yearly cap"],
    ["What is the royalty rate per unit for phones", "royalty rate"],
    ["how much funding did the start-up raise", "funding"],
    ["how many licensees does Archway have", "licensees"],
  ])("reads %j as asking for %j", (question, thing) => {
    expect(thingAsked(question)).toBe(thing);
  });

  it.each([
    "what did ketterby pay aldermoor",
    "how much did Greyfield pay",
    "who signed the licence",
    // No word ends the phrase within three words: no thing is told apart from the rest.
    "what new wireless patent deal did they sign",
  ])("finds no thing asked for in %j", (question) => {
    expect(thingAsked(question)).toBe("");
  });
});
