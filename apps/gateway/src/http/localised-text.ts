import { ApiProperty } from '@nestjs/swagger';

/** A text in Finnish, and in Swedish and English when given (names, descriptions): one OpenAPI schema. */
export class LocalisedTextResponse {
  @ApiProperty({ description: 'Finnish' })
  fi!: string;

  @ApiProperty({ nullable: true, type: String, description: 'Swedish' })
  sv!: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'English' })
  en!: string | null;
}
