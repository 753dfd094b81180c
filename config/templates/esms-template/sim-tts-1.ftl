<#-- VariableListStr of the TTS call template "sim-tts-1" (the simulator's example): one line per variable, in the
     template's order. Each line is rendered with the record's columns or fields; a missing one is an error. -->
${name}
${amount}
