package rules

import "regexp"

// OpenAIKey finds OpenAI API keys.
var OpenAIKey = regexp.MustCompile(`\bsk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}\b`)

var openAIExamples = []string{
	"OPENAI_API_KEY=sk-Qm7RtV2xLw9KpN4sZc8HT3BlbkFJd6Jf3Gb1Yq5Ue0Wm2Xa",
}
