import { afterAll } from "vitest";
import { removeTempDirs } from "./cli-helpers.js";

afterAll(removeTempDirs);
