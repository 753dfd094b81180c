<#-- What a voice OTP call reads out, when the record has no content of its own. Rendered with the record's
     fields; a field it names and the record lacks is an error naming it. Without accents, eSMS reads it as plain text. -->
Ma xac thuc cua ban la ${code}
