// Taro's preset compiles the React + TypeScript sources for both weapp and h5.
module.exports = {
  presets: [["taro", { framework: "react", ts: true, compiler: "webpack5" }]],
};
