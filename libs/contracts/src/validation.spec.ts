import 'reflect-metadata';
import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { plainToInstance, Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  ValidateNested,
  type ValidationError,
} from 'class-validator';
import { IsFreeText, isStorableText, payloadRuleErrors } from './validation.js';

class Name {
  @IsString()
  fi!: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  sv?: string | null;
}

class Example {
  @IsOptional()
  @IsString()
  kind?: string;

  @IsOptional()
  @IsBoolean()
  canSend?: boolean;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  note?: string | null;

  @IsOptional()
  @IsString()
  @IsFreeText()
  description?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => Name)
  name?: Name;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => Name)
  units?: Name[];

  @IsOptional()
  @IsArray()
  tags?: string[];
}

class Derived extends OmitType(Example, ['canSend']) {}

const errorsOf = (cls: new () => object, plain: object) =>
  payloadRuleErrors(plainToInstance(cls, plain)).map((error) => ({
    property: error.property,
    constraints: error.constraints,
    children: error.children?.map((child) => child.property),
  }));

describe(payloadRuleErrors.name, () => {
  it('refuses null for an optional field that is not declared nullable, naming it', () => {
    expect(errorsOf(Example, { kind: null, canSend: null })).toEqual([
      { property: 'kind', constraints: { isNotNull: 'kind may be left out but not null' }, children: [] },
      {
        property: 'canSend',
        constraints: { isNotNull: 'canSend may be left out but not null' },
        children: [],
      },
    ]);
  });

  it('accepts null where the OpenAPI metadata says nullable, and a missing field', () => {
    expect(errorsOf(Example, { note: null, name: { fi: 'a', sv: null } })).toEqual([]);
    expect(errorsOf(Example, {})).toEqual([]);
  });

  it('holds for classes derived with OmitType (the gateway DTOs)', () => {
    expect(errorsOf(Derived, { kind: null })).toEqual([expect.objectContaining({ property: 'kind' })]);
    expect(errorsOf(Derived, { note: null })).toEqual([]);
  });

  it('refuses control characters in every text, nested ones by their path', () => {
    const errors = payloadRuleErrors(
      plainToInstance(Example, {
        kind: 'a\u0000b',
        name: { fi: '\u0007' },
        units: [{ fi: 'ok' }, { fi: 'x\u001b' }],
        tags: ['ok', '\u007f'],
      }),
    );
    const pathsOf = (error: ValidationError, parent = ''): string[] => {
      const path = parent ? `${parent}.${error.property}` : error.property;
      return error.children?.length ? error.children.flatMap((child) => pathsOf(child, path)) : [path];
    };
    const paths = errors.flatMap((error) => pathsOf(error));
    expect(paths).toEqual(['kind', 'name.fi', 'units.1.fi', 'tags.1']);
  });

  it('allows tab and line breaks in free text only', () => {
    expect(errorsOf(Example, { description: 'line one\r\n\tline two' })).toEqual([]);
    expect(errorsOf(Example, { kind: 'line one\nline two' })).toEqual([
      expect.objectContaining({ property: 'kind' }),
    ]);
    expect(errorsOf(Example, { description: 'nul \u0000' })).toEqual([
      expect.objectContaining({ property: 'description' }),
    ]);
  });
});

describe(isStorableText.name, () => {
  it.each([
    ['plain text with åäö, кириллица, العربية and 🙂', true],
    ['NUL \u0000', false],
    ['DEL \u007f', false],
    ['C1 \u0085', false],
    ['lone high surrogate \ud83d', false],
    ['lone low surrogate \ude42', false],
  ])('%j: %s', (text, storable) => {
    expect(isStorableText(text)).toBe(storable);
  });
});
