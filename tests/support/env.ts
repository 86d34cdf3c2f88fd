// Tests keep the JSON logger quiet unless LOG_LEVEL is set on purpose.
process.env.LOG_LEVEL ??= "silent";
